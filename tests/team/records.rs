//! Records made and listed by several people at once.

use super::Team;

/// Three people each make a record on their own clone and push in turn;
/// every pull merges cleanly (a record is its own file named by a random
/// id) and afterwards every clone lists all three.
#[test]
fn parallel_new_records_merge_and_every_clone_lists_them() {
    let Some(team) = Team::new("parallel_new_records_merge_and_every_clone_lists_them") else {
        return;
    };
    let people = [
        team.clone_as("ana"),
        team.clone_as("bo"),
        team.clone_as("cy"),
    ];
    let titles = [
        "Queue for exports",
        "Move sessions to Redis",
        "Drop the CDN",
    ];
    let mut ids = Vec::new();
    for (person, title) in people.iter().zip(titles) {
        ids.push(person.new_record(title));
        person.commit_all(&format!("Propose: {title}"));
    }
    for person in &people {
        person.pull_clean();
        person.push();
    }
    for person in &people {
        person.pull_clean();
        let list = person.preflight_ok(&["list", "--json"]);
        for (id, title) in ids.iter().zip(titles) {
            assert!(
                list.contains(id.as_str()),
                "{}: {id} missing:\n{list}",
                person.name
            );
            assert!(
                list.contains(title),
                "{}: {title} missing:\n{list}",
                person.name
            );
        }
    }
}
